from .command import serve

if __name__ == "__main__":
    serve(prog_name="psedcheck serve")

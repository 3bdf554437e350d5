"""The values that flow between the stages: documents, findings and reports, error codes. Standard library only."""

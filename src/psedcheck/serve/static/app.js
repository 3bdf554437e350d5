// psedcheck serve: dropping files on the start page, and the live progress of a job.
(function () {
  "use strict";
  var input = document.getElementById("file"), drop = document.getElementById("drop");
  if (input && drop) {
    var chosen = document.getElementById("chosen");
    var show = function () {
      chosen.textContent = Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", ");
    };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
    });
  }

  var job = document.getElementById("job");
  if (job) {
    var fill = function (template, done, total) {
      return template.replace("{done}", done).replace("{total}", total);
    };
    var poll = function () {
      fetch("/api/jobs/" + job.dataset.job, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (p) {
          if (p.result) { window.location.assign(p.result); return; }
          var bar = document.getElementById("bar");
          bar.max = p.documents; bar.value = p.done;
          document.getElementById("count").textContent = fill(job.dataset.progress, p.done, p.documents);
          var pages = document.getElementById("pages");
          pages.hidden = !p.pages_total;
          pages.textContent = fill(job.dataset.pages, p.pages_done, p.pages_total);
          var items = document.querySelectorAll("#files li");
          p.files.forEach(function (f, i) {
            if (!items[i]) { return; }
            items[i].dataset.state = f.state;
            items[i].querySelector(".state").textContent = job.dataset["state" + f.state.charAt(0).toUpperCase() + f.state.slice(1)];
          });
          window.setTimeout(poll, 700);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 300);
  }
})();


document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;  // the row of column names
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") === "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var num = th.dataset.type === "num", body = table.tBodies[0];
      var key = function (row) {
        var cell = row.cells[col];
        if (!cell) return num ? 99 : "";
        var v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
        return num ? (v === "" ? 99 : parseFloat(v)) : v.toLowerCase();
      };
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), c = num ? x - y : x.localeCompare(y);
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
document.getElementById("filter").addEventListener("input", function (e) {
  var q = e.target.value.toLowerCase();
  Array.prototype.forEach.call(document.getElementById("matrix").tBodies[0].rows, function (row) {
    row.hidden = q !== "" && row.textContent.toLowerCase().indexOf(q) < 0;
  });
});

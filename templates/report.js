"use strict";
// Sorts a table's rows when a column header is clicked. The rows are moved
// in the DOM; no data lives in this script. A cell's data-sort holds its
// key when the text is not one (dates, dollars, evidence); an empty key
// sorts last in both directions.
(function () {
  var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var sort = cell.getAttribute("data-sort");
    return sort === null ? cell.textContent.trim() : sort;
  }

  function sortBy(table, header, column) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var text = header.getAttribute("data-sort-type") === "text";
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, index) {
      return { key: key(row, column), index: index, row: row };
    });
    rows.sort(function (a, b) {
      if (a.key === "" || b.key === "") {
        return (a.key === "") - (b.key === "") || a.index - b.index;
      }
      var order = text ? collator.compare(a.key, b.key) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return (ascending ? order : -order) || a.index - b.index;
    });
    var sorted = document.createDocumentFragment();
    rows.forEach(function (entry) { sorted.appendChild(entry.row); });
    body.appendChild(sorted);
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      if (!header.hasAttribute("data-sort-type")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = header.textContent;
      button.title = "Sort by " + header.textContent.toLowerCase();
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, column); });
    });
    table.classList.add("sorting");
  });
})();

// Pages that fit a narrow screen (WCAG 1.4.10, down to 320 px), in two steps:
//
// 1. On a screen under 768 px, a table that would be wider than its box is shown as a
//    stack of cards, one per row, each value after its column's name (the cells get a
//    data-label from the column headers, unless the template gave one). A table that
//    fits stays a table. Grids whose columns are the point (the matrix, the heatmap,
//    the stage table, the comparison) are marked data-keep-table and are never stacked.
// 2. A box that still scrolls sideways (those grids, the pictures, which keep their size
//    on a phone so that their words stay readable) is made
//    reachable by keyboard while, and only while, it is wider than the screen: a named
//    region (role="region" + aria-label) that takes focus (tabindex="0"), so arrow keys
//    scroll it. A box that fits gets neither, so keyboard users are not stopped at it for
//    nothing. The name comes from the box's data-region-label, the caption of the table
//    inside it, the heading its section is labelled by, or the nearest heading before it.
//
// Without JavaScript the tables keep their sideways scroll boxes.
(() => {
  const NARROW = window.matchMedia("(max-width: 767.98px)");
  const TABLES = "table.table:not([data-keep-table]):not(.table-stack-narrow):not(.matrix-grid)" +
    ":not(.heatmap):not(.stage-table):not(.lm-compare-table)";
  const BOXES = ".table-responsive, .scroll-region, .diamond-figure, .chart-figure, " +
    ".lm-diagram, .agreement-chart, .decision-chart";

  function text(el) {
    return el.textContent.replace(/\s+/g, " ").trim();
  }

  function labelCells(table) {
    const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) {
      return false;
    }
    const names = [];
    for (const cell of head.cells) {
      for (let i = 0; i < cell.colSpan; i += 1) {
        names.push(text(cell));
      }
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const name = names[column];
          if (name && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", name);
          }
          column += cell.colSpan;
        }
      }
    }
    return true;
  }

  function stackTables() {
    for (const table of document.querySelectorAll(TABLES)) {
      const stacked = table.classList.contains("table-stacked");
      if (!NARROW.matches) {
        if (stacked) {
          table.classList.remove("table-stacked");
        }
        continue;
      }
      if (!table.dataset.labelled) {
        if (!labelCells(table)) {
          continue;
        }
        table.dataset.labelled = "";
      }
      table.classList.remove("table-stacked");
      // Wider than its box, or (in a box that grows with it, such as a grid column)
      // past the right edge of the screen.
      const box = table.parentElement;
      const wide = table.offsetWidth > box.clientWidth + 1 ||
        table.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
      table.classList.toggle("table-stacked", wide);
    }
  }

  function headingBefore(box) {
    for (let el = box; el && el !== document.body; el = el.parentElement) {
      for (let prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
        const heading = prev.matches("h1, h2, h3, h4, h5, h6")
          ? prev
          : prev.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading) {
          return text(heading);
        }
      }
    }
    return "";
  }

  function nameOf(box) {
    if (box.dataset.regionLabel) {
      return box.dataset.regionLabel;
    }
    const picture = box.querySelector("svg > title");
    if (picture && text(picture)) {
      return text(picture);
    }
    const caption = box.querySelector("caption");
    if (caption && text(caption)) {
      return text(caption);
    }
    const section = box.closest("[aria-labelledby]");
    if (section) {
      const heading = document.getElementById(section.getAttribute("aria-labelledby").split(" ")[0]);
      if (heading && text(heading)) {
        return text(heading);
      }
    }
    return headingBefore(box) || "Table";
  }

  function labelRegions() {
    for (const box of document.querySelectorAll(BOXES)) {
      const wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex")) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", `${nameOf(box)}, scrolls sideways`);
        box.setAttribute("tabindex", "0");
        box.dataset.regionAdded = "";
      } else if (!wide && "regionAdded" in box.dataset) {
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.removeAttribute("tabindex");
        delete box.dataset.regionAdded;
      }
    }
  }

  function update() {
    stackTables();
    labelRegions();
  }

  let pending = false;
  function soon() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        update();
      });
    }
  }

  update();
  window.addEventListener("resize", soon);
  window.addEventListener("load", soon);
  // A <details> opened, or rows added by htmx (the logic-model editor).
  document.addEventListener("toggle", soon, true);
  document.addEventListener("htmx:afterSettle", soon);
})();

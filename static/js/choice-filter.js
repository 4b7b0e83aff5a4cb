// A filter box over a long list of tick boxes (partners, attendees). The page works
// without it: the server sends an ordinary list of labelled tick boxes, which keyboard
// and screen reader users move through as usual. This adds, above each list whose
// boxes carry data-choice-filter, a labelled search box that hides the options whose
// label does not contain what is typed (ticked options always stay in view), and a
// status line saying how many are shown, which screen readers announce.
(() => {
  const groups = new Map();
  document.querySelectorAll("input[type=checkbox][data-choice-filter]").forEach((box) => {
    if (!groups.has(box.name)) {
      groups.set(box.name, []);
    }
    groups.get(box.name).push(box);
  });

  groups.forEach((boxes, name) => {
    if (boxes.length < 2) {
      return;
    }
    const items = boxes.map((box) => box.closest(".form-check") || box.parentElement);
    const first = items[0];
    const noun = boxes[0].dataset.choiceFilter || "options";
    const id = `filter-${name}`;

    const wrap = document.createElement("div");
    wrap.className = "choice-filter mb-2";
    const label = document.createElement("label");
    label.className = "form-label small mb-1";
    label.htmlFor = id;
    label.textContent = `Find ${noun} in this list`;
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control form-control-sm";
    input.autocomplete = "off";
    const status = document.createElement("p");
    status.className = "small text-body-secondary mb-0";
    status.id = `${id}-status`;
    status.setAttribute("role", "status");
    input.setAttribute("aria-describedby", status.id);
    wrap.append(label, input, status);
    first.parentElement.insertBefore(wrap, first);

    const labelText = (box) =>
      ((box.labels && box.labels[0] && box.labels[0].textContent) || "").toLowerCase();

    const apply = () => {
      const query = input.value.trim().toLowerCase();
      let shown = 0;
      boxes.forEach((box, i) => {
        const match = !query || box.checked || labelText(box).includes(query);
        items[i].hidden = !match;
        shown += match ? 1 : 0;
      });
      const ticked = boxes.filter((box) => box.checked).length;
      status.textContent = query
        ? `${shown} of ${boxes.length} shown; ${ticked} ticked.`
        : `${boxes.length} ${noun}; ${ticked} ticked.`;
    };

    input.addEventListener("input", apply);
    // Enter in the filter box must not send the whole form.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    boxes.forEach((box) => box.addEventListener("change", apply));
    apply();
  });
})();

// The logic model draft editor. Its add, move and remove buttons are plain form
// posts; with htmx they re-render only their own section (the server builds it from
// the posted form, so text typed elsewhere is untouched). This file adds the rest:
// buttons named after what is typed, a section held still while the server answers,
// a full-page post when the answer is not a section, and a warning before leaving
// with unsaved changes. Kept out of the page itself: the CSP forbids inline scripts.
(() => {
  const form = document.querySelector("form[data-lm-editor]");
  if (!form) {
    return;
  }
  const status = document.getElementById("lm-status");
  let unsaved = false;
  let leaving = false;

  const say = (text) => {
    status.textContent = text;
  };

  // "Move “Carers' time” up": keep the buttons' names in step with the text box.
  form.addEventListener("input", (event) => {
    unsaved = true;
    const row = event.target.closest("[data-row]");
    if (!row || !event.target.name.endsWith("-text")) {
      return;
    }
    const text = event.target.value.trim().replace(/\s+/g, " ");
    const short = text.length > 60 ? `${text.slice(0, 59)}…` : text;
    const name = text
      ? `“${short}”`
      : row.querySelector("[data-empty-name]").dataset.emptyName;
    for (const span of row.querySelectorAll("[data-row-name]")) {
      span.textContent = name;
    }
  });
  form.addEventListener("change", () => {
    unsaved = true;
  });
  form.addEventListener("submit", () => {
    leaving = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (unsaved && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const sectionOf = (event) => event.detail.elt?.closest?.("[data-rows]");
  const hold = (section, busy) => {
    if (busy) {
      section.setAttribute("aria-busy", "true");
    } else {
      section.removeAttribute("aria-busy");
    }
    // Read-only boxes are still sent; what is typed now would be lost in the swap.
    for (const box of section.querySelectorAll("input[type=text], textarea")) {
      box.readOnly = busy;
    }
  };

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const section = sectionOf(event);
    if (section) {
      hold(section, true);
    }
  });
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const section = sectionOf(event);
    if (!section) {
      return;
    }
    const xhr = event.detail.xhr;
    const ours = xhr.getResponseHeader("X-Logic-Model-Rows") === section.dataset.rows;
    if (xhr.status === 200 && ours) {
      unsaved = true;
      return;
    }
    // An error, or a sign-in page after a redirect: do it the plain way instead,
    // posting the whole form with the same button.
    event.detail.shouldSwap = false;
    say("Reloading the page to make that change…");
    form.requestSubmit(event.detail.elt);
  });
  document.body.addEventListener("htmx:sendError", (event) => {
    const section = sectionOf(event);
    if (section) {
      hold(section, false);
      say(
        "The server could not be reached, so nothing changed. What you typed is " +
          "still here: try again in a moment.",
      );
    }
  });
})();

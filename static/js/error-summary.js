// Error summaries (WCAG 3.3.1): when a form comes back with problems, move focus to the
// summary so keyboard and screen reader users land on it, and make its links put the
// cursor in the field they name, with the field's label or legend scrolled into view.
(() => {
  const summary = document.querySelector(".error-summary[tabindex]");
  if (!summary) {
    return;
  }

  const labelFor = (field) => {
    const fieldset = field.closest("fieldset");
    if ((field.type === "radio" || field.type === "checkbox") && fieldset) {
      return fieldset.querySelector("legend") || field;
    }
    return (field.labels && field.labels[0]) || field;
  };

  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    labelFor(field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  summary.focus();
})();

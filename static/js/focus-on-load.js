// After a page reloads in answer to a form that changes what it shows (the dashboard
// filters), move focus to the element that says what changed, so keyboard and screen
// reader users hear the result. The page title carries the same news without JavaScript.
// An error summary, when there is one, keeps focus (static/js/error-summary.js).
(() => {
  if (document.querySelector(".error-summary[tabindex]")) {
    return;
  }
  const target = document.querySelector("[data-focus-on-load]");
  if (target) {
    target.focus();
  }
})();

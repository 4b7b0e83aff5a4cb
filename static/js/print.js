// Buttons marked data-print open the browser's print dialogue (kept out of inline
// handlers so the Content Security Policy can forbid inline scripts).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

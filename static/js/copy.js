// "Copy" buttons: <button data-copy="id-of-element"> copies that element's text and
// says so in the button's own live region, for screen readers too.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copy + "-status");
  const text = (source.value || source.textContent).trim();
  const done = (message) => { if (status) status.textContent = message; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(
      () => done("Copied."),
      () => done("Could not copy: select the text and copy it yourself."),
    );
  } else {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    done(document.execCommand("copy") ? "Copied." : "Selected: press Ctrl+C to copy.");
  }
});

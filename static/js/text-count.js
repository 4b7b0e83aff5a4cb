// Live character counts for text boxes with a limit (the form marks them with
// data-limit; coproduce/forms.py). The count sits under the box and is read out
// politely after a short pause in typing. The box's maxlength is taken off, so text
// pasted past the limit is kept and counted instead of cut off without a word; the
// server still refuses it with a message and the text kept.
(() => {
  const number = new Intl.NumberFormat("en-GB");
  const PAUSE_MS = 400;

  const say = (box, count, limit) => {
    const used = [...box.value.replace(/\r\n/g, "\n")].length;
    const over = used - limit;
    count.textContent =
      over > 0
        ? `${number.format(used)} of ${number.format(limit)} characters: ` +
          `${number.format(over)} too many, please shorten it`
        : `${number.format(used)} of ${number.format(limit)} characters`;
    count.classList.toggle("text-danger", over > 0);
  };

  document.querySelectorAll("[data-limit]").forEach((box) => {
    const limit = Number(box.dataset.limit);
    if (!limit || !box.id) {
      return;
    }
    box.removeAttribute("maxlength");
    const count = document.createElement("p");
    count.id = `${box.id}_count`;
    count.className = "form-text text-count mb-0";
    count.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", count);
    const described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", described ? `${described} ${count.id}` : count.id);
    say(box, count, limit);
    let timer;
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => say(box, count, limit), PAUSE_MS);
    });
  });
})();

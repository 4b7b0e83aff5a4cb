// The web address (slug) of a new project is made from its title as you type, until
// you change the slug yourself. Without this script the server makes it from the
// title when the box is left empty, by the same rule.
(() => {
  const slugify = (text) =>
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/['’]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 72)
      .replace(/-+$/g, "");

  document.querySelectorAll("input[data-slug-from]").forEach((slug) => {
    const title = document.getElementById(slug.dataset.slugFrom);
    if (!title) {
      return;
    }
    let made = slugify(title.value);
    let ownSlug = slug.value !== "" && slug.value !== made;
    slug.addEventListener("input", () => {
      ownSlug = slug.value !== "";
    });
    title.addEventListener("input", () => {
      made = slugify(title.value);
      if (!ownSlug) {
        slug.value = made;
      }
    });
  });
})();

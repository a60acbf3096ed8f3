// Elements made from text: a party's words go in as textContent, never as markup.
export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A category select and a type select over the taxonomy: the types follow the category chosen. Returns the function
 * that refills the types (after a form's reset). */
export function categoryAndTypes(taxonomy, category, type) {
  const fillTypes = () => type.replaceChildren(...taxonomy.types.filter((x) => x.category === category.value).map((x) => new Option(x.label ?? x.id, x.id)));
  category.replaceChildren(...taxonomy.categories.map((c) => new Option(c, c)));
  category.addEventListener('change', fillTypes);
  fillTypes();
  return fillTypes;
}

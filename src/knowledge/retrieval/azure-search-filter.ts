/** OData filter text for Azure AI Search queries, with string literals escaped. */

/** An OData string literal: quoted, with each single quote doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Characters tried, in order, as the search.in delimiter; the first that no group id contains is used.
 * Ids with leading or trailing spaces, or containing all of them, are compared one by one with eq.
 */
const DELIMITERS = [',', '|', ';', '~', '^', '#', '!', '$', '`'];

/**
 * The filter that keeps passages a person may see: those meant for everyone and those whose audience
 * is one of `userGroups`. search.in keeps the filter short and fast for people in many groups.
 */
export function audienceFilter(userGroups: readonly string[] | undefined): string {
  const groups = [...new Set((userGroups ?? []).filter((g) => g !== ''))];
  if (groups.length === 0) return 'everyone eq true';
  const padded = groups.some((g) => g.trim() !== g);
  const delimiter = padded ? undefined : DELIMITERS.find((d) => groups.every((g) => !g.includes(d)));
  if (delimiter === undefined)
    return `everyone eq true or ${groups.map((g) => `audience eq ${odataString(g)}`).join(' or ')}`;
  return `everyone eq true or search.in(audience, ${odataString(groups.join(delimiter))}, ${odataString(delimiter)})`;
}

/** Keyset paging over the index key: documents whose key sorts after `key`. */
export function keyAfterFilter(key: string): string {
  return `id gt ${odataString(key)}`;
}

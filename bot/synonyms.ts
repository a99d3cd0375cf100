/**
 * Word → its synonym group's key, for the matcher and the grouping of unanswered questions.
 * `formsOf` gives the forms a group's word is known by (folded, stemmed: each caller stems its
 * own way); the key is "~" and the group's first form. Groups that share a form become one
 * group (lamp~light and light~luminaire: lamp, light and luminaire), whichever order they come in.
 */
export function synonymKeys(groups: readonly (readonly string[])[], formsOf: (word: string) => readonly string[]): Map<string, string> {
  const keyOf = new Map<string, string>();
  const merged = new Map<string, string>();
  const find = (key: string): string => {
    let current = key;
    while (merged.has(current)) current = merged.get(current) ?? current;
    return current;
  };
  for (const group of groups) {
    const forms = [...new Set(group.flatMap(formsOf))];
    const first = forms[0];
    if (first === undefined) continue;
    const key = find(`~${first}`);
    for (const form of forms) {
      const existing = keyOf.get(form);
      if (existing !== undefined && find(existing) !== key) merged.set(find(existing), key);
    }
    for (const form of forms) keyOf.set(form, key);
  }
  for (const [form, key] of keyOf) keyOf.set(form, find(key));
  return keyOf;
}

/** Ansible's tag selection (Taggable.evaluate_tags), including always, never, tagged, untagged and all. */
export function splitTags(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean);
}

export function shouldRun(taskTags: string[], onlyTags: string[], skipTags: string[]): boolean {
  const tags = new Set(taskTags.length ? taskTags : ['untagged']);
  const untagged = tags.size === 1 && tags.has('untagged');
  const only = new Set(onlyTags.length ? onlyTags : ['all']);
  const skip = new Set(skipTags);
  const intersects = (set: Set<string>) => [...tags].some((t) => set.has(t));
  let run = false;
  if (tags.has('always')) run = true;
  else if (only.has('all') && !tags.has('never')) run = true;
  else if (intersects(only)) run = true;
  else if (only.has('tagged') && !untagged && !tags.has('never')) run = true;
  if (run && skip.size) {
    if (skip.has('all')) {
      if (!tags.has('always') || skip.has('always')) run = false;
    } else if (intersects(skip)) run = false;
    else if (skip.has('tagged') && !untagged) run = false;
  }
  return run;
}

/** -t leaves out no legacy `include` (Ansible keeps it, and its tasks' own tags decide); --skip-tags does. */
export function onlyTagsFor(item: { kind: string; action?: string }, onlyTags: string[]): string[] {
  return item.kind === 'include' && /^(ansible\.(builtin|legacy)\.)?include$/.test(item.action ?? '') ? [] : onlyTags;
}

/** ECS tag lists (`[{key, value}]`): merging by key, removing by key. */
import type { EcsTag } from './state.ts';

/** `additions` replace tags with the same key; the others stay, in their order. */
export function mergeTags(existing: readonly EcsTag[], additions: readonly EcsTag[]): EcsTag[] {
  const merged = existing.map((tag) => ({ ...tag }));
  for (const tag of additions) {
    const value = tag.value ?? '';
    const found = merged.find((candidate) => candidate.key === tag.key);
    if (found) found.value = value;
    else merged.push({ key: tag.key, value });
  }
  return merged;
}

export function removeTags(existing: readonly EcsTag[], keys: readonly string[]): EcsTag[] {
  return existing.filter((tag) => !keys.includes(tag.key));
}

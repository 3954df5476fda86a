// Groups are kept in the state store; the ones seen lately are also kept in memory, up
// to a bound, so memory stays flat however many fingerprints there are. Map order is
// insertion order: re-inserting on use makes the first key the least recently used.
import type { Group } from '../model/group.js';

export class GroupCache {
  private readonly map = new Map<string, Group>();

  constructor(
    private readonly max: number,
    private readonly load: (fingerprint: string) => Group | undefined,
  ) {}

  get(fingerprint: string): Group | undefined {
    const cached = this.map.get(fingerprint);
    if (cached) {
      this.map.delete(fingerprint);
      this.map.set(fingerprint, cached);
      return cached;
    }
    const loaded = this.load(fingerprint);
    if (loaded) this.set(loaded);
    return loaded;
  }

  set(group: Group): void {
    this.map.delete(group.fingerprint);
    this.map.set(group.fingerprint, group);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  /** After a failed transaction the cached copies may hold changes the store never got. */
  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}

// Fluentd's <match>/<filter> tag patterns (lib/fluent/match.rb GlobMatchPattern): "*" is
// one tag part, "**" zero or more ("a.**" also matches "a"), {x,y} either, and several
// patterns separated by spaces match if any does.

function globToRegExp(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    if (glob.startsWith('.**', i) && (i + 3 === glob.length || glob[i + 3] === '.')) {
      out += '(?:\\.[^.]+)*';
      i += 3;
    } else if (glob.startsWith('**.', i)) {
      out += '(?:[^.]+\\.)*';
      i += 3;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 2;
    } else if (glob[i] === '*') {
      out += '[^.]*';
      i += 1;
    } else if (glob[i] === '{') {
      const end = glob.indexOf('}', i);
      const options = glob.slice(i + 1, end === -1 ? undefined : end).split(',');
      out += `(?:${options.map(globToRegExp).join('|')})`;
      i = end === -1 ? glob.length : end + 1;
    } else {
      out += (glob[i] as string).replace(/[.+^$()|[\]\\?]/g, '\\$&');
      i += 1;
    }
  }
  return out;
}

export function tagMatches(pattern: string, tag: string): boolean {
  const globs = pattern.trim() === '' ? ['**'] : pattern.trim().split(/\s+/);
  return globs.some((g) => new RegExp(`^${globToRegExp(g)}$`).test(tag));
}

/**
 * Splits git's NUL-separated (`-z`) output into its fields as it streams: feed it text in any chunking, and it calls
 * `onToken` for each field once its NUL arrives (the last, unterminated one at `end()`).
 */
export function nulTokens(onToken: (token: string) => void): { write: (text: string) => void; end: () => void } {
  let pending = '';
  return {
    write(text) {
      pending += text;
      let start = 0;
      for (let nul = pending.indexOf('\0'); nul !== -1; nul = pending.indexOf('\0', start)) {
        onToken(pending.slice(start, nul));
        start = nul + 1;
      }
      pending = pending.slice(start);
    },
    end() {
      if (pending) onToken(pending);
      pending = '';
    },
  };
}

/** The same, grouped into records of `width` fields (a `--format` of `width` fields joined by %x00). */
export function nulRecords(width: number, onRecord: (fields: string[]) => void): { write: (text: string) => void; end: () => void } {
  let fields: string[] = [];
  return nulTokens(token => {
    fields.push(token);
    if (fields.length === width) {
      onRecord(fields);
      fields = [];
    }
  });
}

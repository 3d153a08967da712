/** Loads data for a page: loading → ok | error, with reload. A newer load wins over an older one. */
import { useCallback, useEffect, useRef, useState } from 'react';

export type Load<T> =
  { status: 'loading'; data?: T } | { status: 'ok'; data: T } | { status: 'error'; error: unknown; data?: T };

export function useLoad<T>(
  fn: () => Promise<T>,
  deps: readonly unknown[],
): Load<T> & { reload(): void; set(data: T): void } {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const [nonce, setNonce] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ status: 'loading', data: 'data' in s ? s.data : undefined }));
    fn().then(
      (data) => {
        if (seq.current === mine) setState({ status: 'ok', data });
      },
      (error: unknown) => {
        if (seq.current === mine) setState({ status: 'error', error });
      },
    );
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ status: 'ok', data }), []);
  return { ...state, reload, set };
}

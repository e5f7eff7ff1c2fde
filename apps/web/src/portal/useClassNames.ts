import { useEffect, useState } from 'react';
import { api, read } from '../api/client';
import type { Page } from '../api/views';
import type { MyHoldings } from './views';

/**
 * Share class names (基本股, 劳龄股 …) by code, from what /me/holdings answers (a shareholder may not
 * read the organization's class list); a class no one in the household holds now shows its code.
 */
export function useClassNames(): (code: string) => string {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    read<Page<MyHoldings>>(api.GET('/api/v1/me/holdings', { params: { query: { limit: 100 } } }))
      .then((page) => {
        const found = new Map<string, string>();
        for (const m of page.items) for (const h of [...m.holdings, ...(m.household?.members.flatMap((x) => x.holdings) ?? [])]) found.set(h.shareClass, h.className);
        setNames(found);
      })
      .catch(() => undefined);
  }, []);
  return (code) => names.get(code) ?? code;
}

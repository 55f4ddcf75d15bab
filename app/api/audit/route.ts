import { apiRoute } from '@/server/http/api';
import { pageParam } from '@/server/http/params';
import { listAuditEntries } from '@/server/operators/audit-trail';

/** `?actor=&domain=&objectType=&page=` */
export const GET = apiRoute({}, async ({ db, searchParams }) =>
  listAuditEntries(db, {
    actor: searchParams.get('actor') || undefined,
    domain: searchParams.get('domain') || undefined,
    objectType: searchParams.get('objectType') || undefined,
    page: pageParam(searchParams),
  }),
);

-- 011 asset_locations fillfactor: rtlsd updates each tag's row once per batch it is seen in (the
-- newest location wins), so the table is almost all updates. With half of each page left free, an
-- update that keeps the zone lands on the same page as a HOT update: no new index entries, and the
-- page is pruned in place instead of the table and its indexes growing until autovacuum catches up.
-- Applies to pages written from now on; the table holds one row per tag, so it turns over quickly.

ALTER TABLE asset_locations SET (fillfactor = 50);

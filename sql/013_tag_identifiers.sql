-- 013 tag identifiers: a second identifier a tag reports beside the one it is known by (tags.tag).
-- Today the RFID TID (scheme 'tid'): the chip's factory serial from the TID memory bank, which Impinj
-- (`tidHex`/`tid`) and Zebra (`TID` tag metadata) readers can report next to the EPC. rtlsd upserts one
-- row per (tag, scheme, value) in each batch's transaction, widening first_seen/last_seen; a replay
-- changes nothing. Two TIDs under one EPC mean two chips carry the same EPC (a cloned or re-encoded tag):
--   SELECT tag_id FROM tag_identifiers WHERE scheme = 'tid' GROUP BY tag_id HAVING count(*) > 1;

CREATE TABLE tag_identifiers (
    tag_id      int NOT NULL REFERENCES tags (id),
    scheme      text NOT NULL,              -- 'tid'
    value       text NOT NULL,              -- upper-case hex, up to 64 digits
    first_seen  timestamptz NOT NULL,       -- earliest reading time it was reported with
    last_seen   timestamptz NOT NULL,       -- latest
    PRIMARY KEY (tag_id, scheme, value)
);

-- Which tag carries this TID (a TID found on a pallet, a chip seen under several EPCs).
CREATE INDEX tag_identifiers_value_idx ON tag_identifiers (scheme, value);

-- Billing: a payment row is also the order (pending until a gateway confirms it).
-- order_ref is what gateways echo back; suspicious records a mismatch (amount, currency,
-- order) that granted nothing; refunds are recorded by hand (admin).
ALTER TABLE payments ADD COLUMN order_ref TEXT;
ALTER TABLE payments ADD COLUMN suspicious TEXT;
ALTER TABLE payments ADD COLUMN refund_note TEXT;
ALTER TABLE payments ADD COLUMN refunded_at INTEGER;
CREATE UNIQUE INDEX payments_order_ref ON payments (order_ref);

-- Every statement a gateway made to us, once: the same notification any number of times
-- is one row and one effect.
CREATE TABLE payment_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    provider    TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    payment_id  INTEGER REFERENCES payments (id) ON DELETE SET NULL,
    source      TEXT    NOT NULL,               -- notification | return | status
    outcome     TEXT    NOT NULL,               -- applied | declined | pending | duplicate-effect | mismatch | unknown-order | ignored
    detail      TEXT,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX payment_events_once ON payment_events (provider, event_id);
CREATE INDEX payment_events_payment ON payment_events (payment_id);

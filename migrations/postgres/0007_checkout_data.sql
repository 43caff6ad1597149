-- The data a widget checkout page needs (HyperPay COPYandPAY: script URL, integrity, brands).
ALTER TABLE payments ADD COLUMN checkout_data TEXT;

"""The member register: real-name people, one live membership each (DOMAIN §2, §3)."""

"""E-mail: kept-open SMTP sessions, the message's text part, TLS, and naming why a send failed."""

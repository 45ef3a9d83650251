"""How a message leaves: e-mail over kept SMTP sessions (``email``), the Zalo Official
Account plugin for Apprise (``zalo``), the demo's outbox folder (``outbox``); every other
chat goes through Apprise's own plugins. ``notifications.sender`` picks the channel."""

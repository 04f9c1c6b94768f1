"""Email alerts: subscriptions, matching, rendering, transports and the dispatcher."""

"""The kinds of message beside the morning digest (``notifications.pipeline``): each plans
its recipients, claims in the delivery log, words its messages and sends through the
shared steps. The manager digest (weekly), request notices (instant), the office's report
of what could not be delivered, run failure alerts and the sign-in message."""

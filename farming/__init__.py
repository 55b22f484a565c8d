"""The farmers' line's rules: profiles, the advice library, prices, question assignment and the
early warning. Pure, like `ivr_flows`, `sms` and `routing`: no Flask, database or network."""

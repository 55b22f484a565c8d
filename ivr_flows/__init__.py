"""IVR flows: channel-neutral steps and the engine that moves a caller through a flow.

Pure domain code: no Flask, no database, no network. `gateway` renders steps to TwiML.
"""

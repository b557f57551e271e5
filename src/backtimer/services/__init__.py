"""Use cases shared by the command line and the full-screen app: today's plan, loading stats,
recording a session, playing cues. No Textual, no Rich.
"""

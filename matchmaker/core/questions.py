"""The intake's questions in words: one home for every front end that asks
them (the organiser's and the kiosk's terminal form, the attendee's pages).
Process-or-result is asked by ``orientation.QUESTIONS``."""

from __future__ import annotations

ASK = {
    "name": "Your name",
    "email": "Email (optional)",
    "share_contact": "Share my email with the people I am matched with",
    "brings_me": "What brings you here?",
    "contribute": "How can you contribute?",
    "problem": "What problem are you grappling with? (optional)",
    "main_motivation": "Your main reason for coming (optional)",
    "languages": "Languages you can learn in (optional)",
    "notes": "Anything else we should know? Only the organiser sees this (optional)",
    "access": "I have access needs: please make sure my table suits me",
    "host": "I can host a table or mentor others",
}
HINTS = {
    "email": "you@example.org",
    "brings_me": "in a sentence or two",
    "contribute": "what you could bring to others",
    "problem": "something you want to solve or get done",
    "languages": "e.g. English; Spanish",
    "notes": "e.g. I use a wheelchair",
}
TOPIC_FIELDS = (
    ("want_to_learn", "What would you like to learn?", "e.g. SQL; public speaking"),
    ("interests", "What are you into?", "topics, separated by ; or ,"),
    ("can_teach", "What could you teach or help others with?", "e.g. Python; photography"),
)
MOTIVATIONS = "Why are you here? Tick all that fit."
SOURCES = (
    ("table-1", "Why people share what they know (Seibold's 14 reasons)"),
    ("peeragogy", "What Peeragogy participants report"),
)
NO_MAIN = "None in particular"
ORIENTATION = "The journey or the destination?"

# An attendee's wish about one of their matches, private to them: the other
# person never sees it. Keys: the posted/pressed choice ("clear" takes it back).
WISH_CHOICES = {
    "wish": "Ask to meet {name}",
    "decline": "Not at a table with {name}",
    "clear": "Take back what I said about {name}",
}
WISH_SAID = {
    "wish": "You asked to meet {name}: the plan seats you together where it can.",
    "decline": "You will not be seated with {name}.",
}
WISH_PRIVATE = "Only you and the organiser's plan know what you say here: {name} never sees it."

# After the evening: the source texts' third question, the follow-up, and
# what went wrong after a rating of 1 or 2 (``community.WentWrong``).
CONTRIBUTE_MORE = "How can I contribute more effectively?"
WHAT_NEXT = "Did you meet again? What next?"
WHAT_WENT_WRONG = "What went wrong? Only the organiser sees this."

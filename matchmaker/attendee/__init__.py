"""The attendee app: one person's own intake, matches, table and feedback,
served to browsers, at a kiosk by the door, or in their own terminal."""

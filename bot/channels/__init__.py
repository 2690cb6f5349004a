"""Input/output channels of the Rasa server: Zalo OA, Facebook Messenger, shared rendering."""

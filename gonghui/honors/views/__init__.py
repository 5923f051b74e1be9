"""Honours pages for union staff, split by topic: model workers, nominations, competitions."""

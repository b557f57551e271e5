"""Small widgets that post messages up to their screen."""

"""Whole-page HTML blocks and the learned model that keeps or drops them."""

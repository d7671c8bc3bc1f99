"""Wire formats: OpenAI and Anthropic requests, responses and streams, and conversion between them."""

"""The drafting office's web adapter: staff pages (/office), its API (/api/v1/office), the public /summary."""

"""The WeChat Official Account adapter (公众号): the server protocol at /wechat, over the bot core.

- `config`: WECHAT_* settings; `protocol`: signatures, safe XML, AES, replies, splitting;
- `models`: dedup, outbox and access-token tables; `api`: the platform API client;
- `outbox`: delivering deferred and continued replies; `adapter`: the core's
  messages as WeChat texts (numbered choices, menu keys); `views`: the blueprint;
- `menu`: the custom menu `consult wechat-menu` publishes.
"""

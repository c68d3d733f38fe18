"""The practical ceiling: a bare Flask + SQLAlchemy endpoint inserting one row.

Served by the same HTTP server, worker processes and threads as `consult serve`
(web.server.serve), on the same database, so the feedback API's figure can be
read as a fraction of it.
"""
import os
import sys

from flask import Flask, request
from sqlalchemy import Column, Integer, MetaData, Table, Text

from consultation.db import make_engine

metadata = MetaData()
rows = Table("bench_bare_rows", metadata, Column("id", Integer, primary_key=True), Column("body", Text))


def create_app():
    engine = make_engine(os.environ["DATABASE_URL"])
    metadata.create_all(engine)
    engine.dispose()  # the workers fork after this: each opens its own connections
    app = Flask(__name__)

    @app.post("/bare")
    def bare():
        with engine.begin() as conn:
            new_id = conn.execute(rows.insert().values(body=request.get_data(as_text=True))).inserted_primary_key[0]
        return {"id": new_id}, 201

    return app


if __name__ == "__main__":
    from web.server import serve

    port, workers, threads = (int(a) for a in sys.argv[1:4])
    serve(create_app(), host="127.0.0.1", port=port, workers=workers, threads=threads)

"""The practical ceiling: a bare Flask + SQLAlchemy endpoint inserting one row.

Served by the same WSGI server and thread count as `consult serve`, on the same
database, so the feedback API's figure can be read as a fraction of it.
"""
import os

from flask import Flask, request
from sqlalchemy import Column, Integer, MetaData, Table, Text

from consultation.db import make_engine

metadata = MetaData()
rows = Table("bench_bare_rows", metadata, Column("id", Integer, primary_key=True), Column("body", Text))


def create_app():
    engine = make_engine(os.environ["DATABASE_URL"])
    metadata.create_all(engine)
    app = Flask(__name__)

    @app.post("/bare")
    def bare():
        with engine.begin() as conn:
            new_id = conn.execute(rows.insert().values(body=request.get_data(as_text=True))).inserted_primary_key[0]
        return {"id": new_id}, 201

    return app


if __name__ == "__main__":
    from waitress import serve

    serve(create_app(), host="127.0.0.1", port=int(os.environ.get("PORT", "8001")), threads=16)

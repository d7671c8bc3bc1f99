import random
import string

import pytest

from _util import found

rng = random.Random(31)
PW = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(12)) + "9"


@pytest.mark.parametrize(
    "url",
    [
        f"postgres://app:{PW}@db.internal:5432/prod",
        f"postgresql+psycopg2://app:{PW}@db.internal/prod?sslmode=require",
        f"mysql://root:{PW}@127.0.0.1:3306/shop",
        f"mariadb://shop:{PW}@maria.local/shop",
        f"mongodb://admin:{PW}@h1:27017,h2:27017/db?replicaSet=rs0",
        f"mongodb+srv://admin:{PW}@cluster0.ab1cd.mongodb.net/test?retryWrites=true",
        f"redis://:{PW}@redis-host:6379/0",
        f"rediss://default:{PW}@cache.example.net:6380",
        f"amqps://worker:{PW}@mq.example.net/vhost",
        f"jdbc:mysql://db.example.com:3306/shop?user=shop&password={PW}",
        f"jdbc:snowflake://acme.snowflakecomputing.com/?user=bob&password={PW}&warehouse=wh",
        f"snowflake://bob:{PW}@acme/db/schema",
        f"mssql+pyodbc://sa:{PW}@sqlhost/db?driver=ODBC+Driver+18",
    ],
)
def test_finds_urls_whole(url: str) -> None:
    text = f'DATABASE_URL="{url}"\n'
    assert ("connection-string-url", url) in found(text, "SECRET")


@pytest.mark.parametrize(
    ("text", "detector", "value"),
    [
        (
            f'"Server=tcp:srv.database.windows.net,1433;Initial Catalog=db;User ID=sa;Password={PW};"',
            "connection-string-params",
            f"Server=tcp:srv.database.windows.net,1433;Initial Catalog=db;User ID=sa;Password={PW}",
        ),
        (
            f"Driver={{ODBC Driver 18}};Server=db1;Database=shop;Uid=app;Pwd={PW};",
            "connection-string-params",
            f"Driver={{ODBC Driver 18}};Server=db1;Database=shop;Uid=app;Pwd={PW}",
        ),
        (
            f'psycopg.connect("host=db.local dbname=shop user=shop password={PW}")',
            "connection-string-params",
            f"host=db.local dbname=shop user=shop password={PW}",
        ),
        (
            f"jdbc:oracle:thin:app/{PW}@db.corp:1521/SVC",
            "oracle-connect-string",
            f"jdbc:oracle:thin:app/{PW}@db.corp:1521/SVC",
        ),
        (
            f"sqlplus -s app/{PW}@//db.corp:1521/SVC",
            "oracle-connect-string",
            f"app/{PW}@//db.corp:1521/SVC",
        ),
        (
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule "
            f'required username="alice" password="{PW}";',
            "kafka-jaas-password",
            PW,
        ),
        (f"mysql -h db -u root -p{PW} shop < dump.sql", "db-cli-password", PW),
        (f"redis-cli -h cache -a {PW} ping", "db-cli-password", PW),
    ],
)
def test_finds(text: str, detector: str, value: str) -> None:
    assert (detector, value) in found(text, "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        "postgres://localhost/db",
        "postgres://app@db.internal:5432/prod",
        "postgres://user:password@localhost/db",
        "postgresql://app:${DB_PASS}@db/prod",
        "mysql://root:<password>@localhost/shop",
        "mongodb://admin:****@cluster0.example.net/test",
        "amqp://guest:guest@localhost:5672/",
        "postgres://postgres:postgres@localhost:5432/app_test",
        "redis://:%(redis_password)s@localhost:6379",
        "jdbc:mysql://db/shop?user=shop&password=${MYSQL_PASSWORD}",
        "Server=myServer;Database=myDb;Trusted_Connection=True;",
        "Server=myServer;Database=myDb;User Id=app;Password={password};",
        "jdbc:oracle:thin:scott/tiger@localhost:1521:orcl",
        "mysql -u root -p shop",
        'sasl.jaas.config=PlainLoginModule required username="$USER" password="${KAFKA_PASS}";',
        "the password= field is required",
    ],
)
def test_ignores(text: str) -> None:
    assert found(text, "SECRET") == []

/** SQL shared by the stores that speak it (SQLite and PostgreSQL), over the tables both of them create. */
package dev.stepwise.store.jdbc;

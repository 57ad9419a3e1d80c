-- One database per service (docs/architecture.md); run once by the postgres image on an empty data volume.
-- The owner is POSTGRES_USER (slidescore), which the services connect as.
CREATE DATABASE gateway;
CREATE DATABASE upload;
CREATE DATABASE study;
CREATE DATABASE scoring;
CREATE DATABASE tile;
CREATE DATABASE notification;

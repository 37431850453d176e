"""维权服务 (DOMAIN W5, §6 V1-V4): lawyers at the service stations, legal aid, volunteers, hardship aid and the
requests members make, each reaching the right union."""

<?php
  'dbpassword' => 'evx83!8PCp',
  'passwordsalt' => 'hrvN5hAeGHSLsqR3gSnuYFwJAqWQA=',
  'secret' => 'fjTUsiMWYJj+UwTZzrXB3+jZrxfnlFFkEOn6LRmRpAbj20o=',
  'mail_smtppassword' => 'bsj48!6Mh9',
  'redis' => ['host' => 'localhost', 'password' => 'dkn80!2vSc'],
  'objectstore' => array('arguments' => array('secret' => 'upjTCFqnyuuelQy7UUc8Kx9uWVQuT6+fin6Vu+y=')),
$CONFIG['ldap']['password'] = 'dee22!52xO';
$db_pass = "qyj14!LV0V";
  'instanceid' => 'oc8n3k2j1h',
  'trusted_domains' => array (0 => 'cloud.example.com'),
  'overwriteprotocol' => 'https',
$CONFIG = array (
  'dbtype' => 'mysql',
);

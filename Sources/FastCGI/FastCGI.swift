// The responder loop; see FastCGIServer.

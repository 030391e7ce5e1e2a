-- The sandbox's recent search for to:handle terms (the cast search's shape, @a OR @b OR to:c …) reads the posts
-- replying to a user by this index instead of testing every post.
CREATE INDEX sandbox_post_reply_to ON sandbox_post (in_reply_to_user_id, id);

"""Many documents: tasks, the local and Dask engines, folders, JSON Lines streams, WARC files, progress."""
